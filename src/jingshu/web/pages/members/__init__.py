"""Portal pages for accounts: registration, members of an organization, organizations."""

"""Publishing in the portal: create a dataset, edit its metadata and data dictionary,
attach resources and upload new versions (with upload progress)."""

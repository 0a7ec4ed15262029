"""Media operators, one file per family: image checks, image privacy, image
deduplication, image–text pairs and audio. They are corpus operators
(:mod:`jingshu.corpus.ops.base`) over one row each, with the store's blobs bound."""

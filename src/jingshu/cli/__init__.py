"""The ``jingshu`` command: one module per command group, thin over the use cases and
the :class:`~jingshu.platform.Platform`.

Front door, the top layer: may import every layer (``serve`` starts :mod:`jingshu.web`);
nothing imports ``cli``.
"""

"""Plain forms for the monitoring pages, one module per subject (as ``views``): ``visits``, ``reports``,
``plans``, ``feedback``, ``frameworks``, ``setup`` (timescales, themes), ``analysis``. They check what a
person typed; the services decide whether it is allowed."""

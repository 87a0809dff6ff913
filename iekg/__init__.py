"""The ``iekg`` command-line front door. Imports the libraries; none imports it."""

"""The bundled programme definitions (one YAML file each), shipped as package data with ipcycle.

A package only so that an installed ipcycle finds them through ``importlib.resources``; the loader reads the YAML.
"""

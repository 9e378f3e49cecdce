"""Training the attribution tagger on PolNeAR (``onrecord train``).

* ``data``   - PolNeAR articles -> spaCy paragraph Docs with SOURCE/CUE/CONTENT spans;
* ``train``  - the config, the fixed-seed training run and the dev table.
"""

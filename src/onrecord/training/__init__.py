"""Training the attribution tagger on PolNeAR (``onrecord train``).

* ``data``   - PolNeAR articles -> spaCy paragraph Docs with SOURCE/CUE/CONTENT spans;
* ``train``  - the config, the fixed-seed training run and the dev table;
* ``choice``, ``boundaries``, ``regression`` - the two learnt stages after the tagger; ``drafts`` - the
  attribution passes run as far as those stages see them;
* ``record`` - what the model's meta.json records of its training (command, seed, versions, data
  hashes, commit, dev figures); ``constraints.txt`` pins those versions for a rebuild.
"""

"""pytest in notebooks/: the notebooks are tested as .ipynb (nbval); their paired .py files
(jupytext percent format, the text that is reviewed) are not modules: --doctest-modules would
import, that is run, each of them."""

collect_ignore_glob = ["*/*.py"]

"""The benchmark of issue 9: the project's build beside plain Pelican, its search beside Pagefind.

`invoke bench` (or `python -m bench.run`) writes bench/results.json and bench/RESULTS.md; the
work (fixture, copies, outputs) goes to build/bench/. Modules: `run` (the sequence), `corpus`
(the fixture and its plain copy), `builds` (timed builds in child processes, `child`), `search`
(both engines' bytes per query), `report` (the two files).
"""

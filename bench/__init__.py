"""The benchmark of issues 9 and 21: the project's build beside plain Pelican and Hugo, its preview,
its search beside Pagefind.

`invoke bench` (or `python -m bench.run`) writes bench/results.json and bench/RESULTS.md; the
work (fixture, copies, outputs) goes to build/bench/. Modules: `run` (the sequence), `corpus`
(the fixture and its plain copy), `hugosite` (the Hugo site, with `hugo/`), `builds` (timed
builds in child processes, `child`), `preview` (edits seen through `invoke serve`), `search`
(both engines' bytes per query), `scale` (the 10× run, `invoke bench --scale 10`), `report`
(the two files).
"""

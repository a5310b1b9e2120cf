"""Printers for kubectl's read verbs: tables, name, json/yaml, jsonpath, custom columns.

- `tabwriter`: Go text/tabwriter alignment (tables and describe).
- `tables`: one row function per kind, with ``-o wide`` extras.
- `pods`: the pod row (READY, STATUS, RESTARTS as kubectl computes them).
- `name`, `json_yaml`, `jsonpath`, `custom_columns`: the other ``-o`` formats.
- `output`: picks the printer for an ``-o`` value.
- `sort_by`, `go_sort`: ``--sort-by`` with kubectl's comparison under Go's unstable sort.
- `go_syntax`, `yaml_tags`: Go's ``%#v`` and go-yaml's type resolution, for byte-exact output.
"""

"""One change run declared once, as data: the fields of a run (fields.py: type, default,
choices, help, advanced, where each front end shows it), the problems a value can have
(problems.py: a code and parameters; each front end words them), and the one parser and
checker of every field, which reports every problem at once and builds the engines'
requests by keyword (parse.py). The command line, the batch manifest, Processing and the
dialog derive their options from here (docs/architecture.md)."""

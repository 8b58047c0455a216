"""The ground floor: small modules that import nothing of the project, so every app may use
them (the bottom layer of scripts/architecture.py). Not an app: no models, no URLs.

- `vietnamese`: folding for search and Vietnamese alphabetical order;
- `acting`: who is acting and from where (the audit trail's context, set by the middleware,
  a command or a job);
- `reads`: records handed out by `restrict()` are announced here; the audit trail listens;
- `classified`: the levels of classification and which record classifies a row (its paths,
  and the rows no access list guards), read by scoping and by the audit trail;
- `commands`: `RecordedCommand`, the base of management commands that change records
  (`--as USERNAME`, recorded from `cli`).
"""

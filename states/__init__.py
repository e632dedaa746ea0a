"""The regulation as pure code: machines, rules, authority, calendar. No I/O, no Temporal."""

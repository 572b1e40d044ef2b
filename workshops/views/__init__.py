"""The workshops program's pages: calls and the chair's ranking, proposals from
draft to decision, review, and the funded workshop with its post-event summary.
One module per area."""

"""The membership pages: profiles, the public directory and record of decisions,
elections from nomination to the council's approval, the chair's page of a body
and the conflict-of-interest register. One module per concern."""

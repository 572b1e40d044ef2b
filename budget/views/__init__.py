"""The budget pages, one module per area. Views are thin: selectors read,
services write, and the services' refusals are shown on the forms."""

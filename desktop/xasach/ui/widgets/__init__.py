"""Small reusable widgets shared by the registers' screens."""

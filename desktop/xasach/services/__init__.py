"""Services: the jobs the GUI and the CLI both call (one door for each rule)."""

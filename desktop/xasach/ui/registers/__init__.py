"""What the register screens (Hotspots, Propaganda) share: a table model paging through a
service, a record dialog with an unsaved-changes guard, and the questions they ask."""

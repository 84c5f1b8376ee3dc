"""Office spreadsheets in and out (nhập, xuất Excel/CSV): files as tables of cells.

No Qt and no SQL: this package reads `.xlsx` and `.csv` files as the communes make them
(title rows, merged cells, Windows encodings), finds the header row, guesses what each column
means, parses cells (dates as typed or as Excel serials, ID numbers that lost their leading
zeros) and writes `.xlsx`/`.csv` bytes. The services decide what touches the store.
"""

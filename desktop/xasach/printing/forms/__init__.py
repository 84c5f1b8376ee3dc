"""One builder per form: plain data in (`printing.model`), PDF bytes and page count out."""

"""What the page-writing plugins share: addresses, routes, links between pages, theme strings,
feeds."""

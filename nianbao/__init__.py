"""nianbao: collect, read, store and check government information disclosure annual reports."""

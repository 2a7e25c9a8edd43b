"""Getting the warehouse's answers out for people: query results as tables, CSV and JSON, and the
year's tables, findings and compliance as an Excel workbook or CSV files."""

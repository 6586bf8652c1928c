"""Hong Kong date formats, for FORMAT_MODULE_PATH: day before month, Sunday first."""

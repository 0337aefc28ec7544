"""One marshmallow schema per synced table, made from its description (server/tables/)."""
from ..tables import TABLES

SCHEMAS = {name: table.schema() for name, table in TABLES.items()}

# Named for the catalogue's readers (public reads, data·inclusion, OpenAPI).
PartnerSchema = SCHEMAS["partners"]
OfferSchema = SCHEMAS["offers"]

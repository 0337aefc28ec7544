"""Services: business operations that take a database session, not a request."""

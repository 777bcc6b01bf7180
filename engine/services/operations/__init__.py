"""What an operator asks of the running service: health, schema and the depth of the work waiting."""

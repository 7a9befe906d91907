"""Finding partners: possible partners, twinning opportunities, partner requests."""

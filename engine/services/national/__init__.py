"""The national side: quotas, the cycle board, published lists, the register of demonstration units, fraud,
date amendments, mailings and the office's search box."""

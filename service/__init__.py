"""Quote attribution service: finds direct quotations in news text and who said them."""

__version__ = "0.1.0"

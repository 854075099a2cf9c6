"""NLP layer: a plain document model, the backend Protocol, and the Stanza adapter."""

from service.nlp.backend import BackendInfo, NlpBackend
from service.nlp.document import Document, Entity, Sentence, Token

__all__ = ["BackendInfo", "Document", "Entity", "NlpBackend", "Sentence", "Token"]

"""The pagination datamodels, as PROTOCOL.md gives them (pydantic 1.10)."""
from typing import Any, Dict, Generic, List, Literal, Optional, TypeVar

from pydantic import BaseModel, Field
from pydantic.generics import GenericModel

T = TypeVar("T")


class SortField(BaseModel):
    field: str
    direction: Literal["asc", "desc"] = "asc"


class PaginationParams(BaseModel):
    page: int = Field(..., ge=1)
    pageSize: int = Field(..., ge=1)
    sort: List[SortField] = []
    filters: Optional[Dict[str, Any]] = None


class PaginationMetadata(BaseModel):
    currentPage: int
    pageSize: int
    totalItems: int
    totalPages: int
    sort: List[SortField] = []
    filters: Optional[Dict[str, Any]] = None


class PaginatedResponse(GenericModel, Generic[T]):
    items: List[T]
    pagination: PaginationMetadata

"""URLs of batch prints, in the `residents` namespace."""

from django.urls import path

from residents.batchprints import views

urlpatterns = [
    path("batch-prints/", views.batch_print_create, name="batch_print_create"),
    path("batch-prints/<id:pk>/", views.batch_print_detail, name="batch_print_detail"),
    path("batch-prints/<id:pk>/pdf/", views.batch_print_pdf, name="batch_print_pdf"),
]

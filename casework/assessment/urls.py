"""Assessment and annual evaluation pages under /casework/assessment/."""

from django.urls import path

from casework.assessment import views

urlpatterns = [
    path("assessment/", views.assessment, name="assessment"),
    path("assessment/sheet.pdf", views.assessment_pdf, name="assessment_pdf"),
    path("assessment/standards/", views.standards, name="assessment_standards"),
    path("assessment/complaints/", views.attribute_complaint, name="assessment_attribute"),
    path("assessment/annual/", views.annual_evaluation, name="annual_evaluation"),
    path("assessment/annual/report.pdf", views.annual_evaluation_pdf,
         name="annual_evaluation_pdf"),
]

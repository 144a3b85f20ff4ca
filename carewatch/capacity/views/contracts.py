"""Contract pages for council staff: the list, one contract, recording one, importing a file, ending one."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from carewatch.capacity import errors, forms, presenters, queries, services
from carewatch.capacity.views.edge import (
    CONTRACT_EDITORS,
    CONTRACT_READERS,
    contract_for,
    organisation_of,
    show_error,
)
from carewatch.core import http
from carewatch.core.pagination import page_numbers
from carewatch.core.roles import OrganisationKind


@CONTRACT_READERS
def contract_list(request):
    council = organisation_of(request, OrganisationKind.COUNCIL)
    if council is None:
        return redirect("staff:home")
    today = http.now().date()
    page = Paginator(queries.contracts_for(request.user).prefetch_related("locations"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "capacity/contract_list.html",
        {
            "page_title": "Contracts",
            "council": council,
            "rows": presenters.contract_rows(page.object_list, today=today),
            "page": page,
            "numbers": page_numbers(page),
            "can_edit": presenters.can_edit_contracts(request.user),
        },
    )


@CONTRACT_READERS
def contract_detail(request, contract_id):
    contract = contract_for(request, contract_id)
    locations, service_types, fees = queries.contract_detail(contract)
    return render(
        request,
        "capacity/contract_detail.html",
        {
            "page_title": f"Contract {contract.reference}",
            "contract": contract,
            "summary": presenters.contract_summary(contract, service_types, today=http.now().date()),
            "locations": locations,
            "fees": fees,
            "can_edit": presenters.can_edit_contracts(request.user) and contract.ended_at is None,
        },
    )


@CONTRACT_EDITORS
def contract_add(request):
    council = organisation_of(request, OrganisationKind.COUNCIL)
    if council is None:
        return redirect("staff:home")
    form = forms.ContractForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.record_contract(
                organisation=council, actor=request.user, contract=form.contract(), now=http.now()
            )
        except errors.CapacityError as error:
            show_error(form, error)
        else:
            messages.success(request, f"Contract {contract.reference} recorded")
            return redirect("capacity:contract_detail", contract_id=contract.pk)
    return render(request, "capacity/contract_add.html", {"page_title": "Record a contract", "form": form})


@CONTRACT_EDITORS
def contract_import(request):
    council = organisation_of(request, OrganisationKind.COUNCIL)
    if council is None:
        return redirect("staff:home")
    form = forms.UploadForm(http.posted(request), request.FILES if request.method == "POST" else None)
    problems: list[errors.Problem] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_contracts(
                organisation=council, actor=request.user, file=form.cleaned_data["file"], now=http.now()
            )
        except errors.FileRefused as refused:
            problems = refused.problems
            form.add_error(
                "file", "The file has problems: nothing was imported. Correct them and upload it again"
            )
        except errors.CapacityError as error:
            show_error(form, error)
        else:
            count = len(result.contracts)
            messages.success(request, f"{count} contract{'s' if count != 1 else ''} imported")
            return redirect("capacity:contract_list")
    return render(
        request,
        "capacity/contract_import.html",
        {
            "page_title": "Import contracts",
            "form": form,
            "problems": problems,
            "columns": services.contracts.CONTRACT_COLUMNS,
        },
    )


@CONTRACT_EDITORS
def contract_end(request, contract_id):
    contract = contract_for(request, contract_id)
    if contract.ended_at is not None:
        return redirect("capacity:contract_detail", contract_id=contract.pk)
    form = forms.EndContractForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.end_contract(
                contract=contract,
                actor=request.user,
                ends_on=form.cleaned_data["ends_on"],
                reason=form.cleaned_data["reason"],
                now=http.now(),
            )
        except errors.CapacityError as error:
            show_error(form, error)
        else:
            messages.success(request, f"Contract {contract.reference} ended")
            return redirect("capacity:contract_detail", contract_id=contract.pk)
    return render(
        request,
        "capacity/contract_end.html",
        {"page_title": "End the contract", "form": form, "contract": contract},
    )

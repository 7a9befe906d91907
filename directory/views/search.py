"""The site-wide search: results grouped by organisations, twinnings and places."""

from django.shortcuts import render


def site_search(request):
    return render(request, "directory/search.html", {"q": request.GET.get("q", "")})

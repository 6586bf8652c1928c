def roles(request) -> dict:
    """The signed-in user's roles, for navigation. Computed once per user object."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_supervisor": user.is_supervisor,
        "does_casework": user.does_casework,
        "is_admin_role": user.is_admin_role,
        "reads_clients": user.does_casework or user.is_outside_counsel,
    }

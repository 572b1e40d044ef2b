"""One definition per action: who may take it, on which objects, in which states.

A `Rule` names a permission and gives, once, the roles that may take the action
on every object, the objects anyone else may take it on (a `Q` of the user), and
the states the object must be in. From it come the `rules` predicate that views,
the API, templates and services ask (`user.has_perm(perm, obj)`) and the
queryset filter that lists, exports, choices and reports use
(`restrict(queryset, user, perm)`); the two cannot disagree, because the
predicate asks the database the same question the filter puts.
"""

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.db.models import Q

nobody = rules.predicate(lambda user: False, name="nobody")


@dataclass(frozen=True)
class Rule:
    perm: str
    # The roles that may act on every object (in the allowed states).
    roles: rules.Predicate = nobody
    # The objects anyone else may act on: a Q for the user (anonymous included),
    # or None when only the roles may.
    where: Callable[[object], Q] | None = None
    # The states (values of the object's `status`) the action is allowed in.
    states: tuple = ()

    def scope(self, user):
        """The Q of the objects `user` may act on."""
        if self.roles(user):
            allowed = Q()
        elif self.where is not None:
            allowed = self.where(user)
        else:
            return Q(pk__in=[])
        return allowed & Q(status__in=self.states) if self.states else allowed

    def restrict(self, queryset, user):
        scope = self.scope(user)
        # A condition across a to-many relation (organisers) may match a row twice.
        return queryset.filter(scope).distinct() if scope else queryset

    def allows(self, user, obj=None):
        if obj is None:
            # Without an object: whether the action is open to the user at all.
            return bool(self.roles(user) or self.where is not None)
        if self.states and obj.status not in self.states:
            return False
        if self.roles(user):
            return True
        if self.where is None:
            return False
        return type(obj)._default_manager.filter(self.where(user), pk=obj.pk).exists()


_RULES = {}


def register(*found):
    """Add each rule's predicate to `rules` under its permission name."""
    for rule in found:
        _RULES[rule.perm] = rule
        rules.add_perm(rule.perm, rules.predicate(rule.allows, name=rule.perm, bind=False))
    return found


def rule(perm):
    return _RULES[perm]


def restrict(queryset, user, perm):
    """The objects of `queryset` on which `user` may take the action `perm`."""
    return _RULES[perm].restrict(queryset, user)


def allowed(objects, user, perm):
    """The pks of `objects` (of one model) on which `user` may take the action
    `perm`: one query for a whole list, where asking each row would take one each."""
    objects = list(objects)
    if not objects:
        return set()
    model = type(objects[0])
    candidates = model._default_manager.filter(pk__in=[obj.pk for obj in objects])
    return set(restrict(candidates, user, perm).values_list("pk", flat=True))


def registered():
    return tuple(_RULES.values())

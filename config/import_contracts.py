"""An import-linter contract: a subject package never imports another subject's views.

Inside an app (`residents`, `casework` …) each subject is a package (`residents.households`);
its modules may import their own `views`, never a sibling's. What two subjects share goes into
a helper module (e.g. `casework.cases.pages`), not a view module.
"""

from __future__ import annotations

from importlinter import Contract, ContractCheck, fields, output


class SiblingViewsContract(Contract):
    containers = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:
        violations = []
        for container in self.containers:
            subjects = {
                module for module in graph.find_children(container)
                if graph.find_children(module)  # a package, not a plain module
            }
            for subject in sorted(subjects):
                importers = {subject} | graph.find_descendants(subject)
                for other in sorted(subjects - {subject}):
                    views = f"{other}.views"
                    if views not in graph.modules:
                        continue
                    for importer in sorted(importers):
                        if graph.direct_import_exists(importer=importer, imported=views):
                            violations.append((importer, views))
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, views in check.metadata["violations"]:
            output.print_error(f"{importer} imports {views}")
            output.new_line()

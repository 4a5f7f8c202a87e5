"""The File menu: projects (new, open, connect, recent), import, places for the gazetteer, export, the
coder's name, quit.

The actions that need an open project are listed in ``project_actions``; the window enables them
when a project opens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QMenu

from annotator.ui.common import shortcuts as keys
from annotator.ui.common.shortcuts import make_action
from annotator.ui.project.recent import fill_recent_menu

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from annotator.ui.common.settings import Settings
    from annotator.ui.project.importing import Importer
    from annotator.ui.project.opener import ProjectOpener
    from annotator.ui.project.places import PlacesAdder


class FileMenu:
    def __init__(
        self,
        window: QMainWindow,
        settings: Settings,
        projects: ProjectOpener,
        importer: Importer,
        places: PlacesAdder,
        *,
        export: Callable[[], None],
        ask_coder: Callable[[], None],
    ) -> None:
        menu = window.menuBar().addMenu("&File")
        self.coder_action = make_action(window, "Coder name…", ask_coder)
        self.recent_menu = QMenu("Recent projects", window)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(self.recent_menu, settings, projects.open_url))
        fill_recent_menu(self.recent_menu, settings, projects.open_url)
        self.import_action = make_action(window, "Import…", importer.choose_files, keys.IMPORT)
        self.import_folder_action = make_action(window, "Import folder…", importer.choose_folder)
        self.label_map_action = make_action(window, "Label mapping for other tools…", importer.ask_label_map)
        self.places_action = make_action(window, "Add places to the gazetteer…", places.choose_file)
        self.export_action = make_action(window, "Export…", export, keys.EXPORT)
        entries: list[QAction | QMenu | None] = [
            make_action(window, "New project…", projects.new_project),
            make_action(window, "Open project…", projects.choose_project, keys.OPEN_PROJECT),
            make_action(window, "Connect to server…", lambda: projects.connect_to_server()),
            self.recent_menu,
            None,
            self.import_action,
            self.import_folder_action,
            self.label_map_action,
            self.places_action,
            self.export_action,
            None,
            self.coder_action,
            None,
            make_action(window, "Quit", window.close, keys.QUIT),
        ]
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            elif isinstance(entry, QMenu):
                menu.addMenu(entry)
            else:
                menu.addAction(entry)
                window.addAction(entry)  # shortcuts work even where the menu bar is hidden
        self.project_actions: tuple[QAction, ...] = (
            self.import_action,
            self.import_folder_action,
            self.places_action,
            self.export_action,
        )

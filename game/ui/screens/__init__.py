"""The screens of the terminal game: menu, new game, the game itself, dialogs, end, help, saves, replay."""

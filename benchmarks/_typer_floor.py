"""The smallest Typer command with one option, for the cold-start floor in cold_start.py."""

import typer

app = typer.Typer()


@app.command()
def main(name: str = "") -> None:
    print(name)


if __name__ == "__main__":
    app()

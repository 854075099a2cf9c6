from service.cli.app import app

app(prog_name="python -m service")

import gc

from workbench.cli import main

try:
    raise SystemExit(main())
finally:
    # The process ends here: without this the interpreter's last collections walk every object the
    # command made (its loaded modules above all), about a tenth of a PDF export's CPU time. Kept out
    # of cli.main() itself, which tests call inside a long-lived process.
    gc.freeze()

from bowout.cli import main

main()

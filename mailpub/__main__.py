from mailpub.cli import main

main()

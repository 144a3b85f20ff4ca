#!/usr/bin/env python
from carewatch.cli import main

if __name__ == "__main__":
    main()

module aearly.invalid/localeenv

go 1.21

from giaingan.imports.management.commands._import import ImportCommand


class Command(ImportCommand):
    kind = "acceptances"
    help = "Nhập các biên bản nghiệm thu của hợp đồng."

from giaingan.imports.management.commands._import import ImportCommand


class Command(ImportCommand):
    kind = "plan"
    help = "Nhập các dòng quyết định giao kế hoạch vốn."

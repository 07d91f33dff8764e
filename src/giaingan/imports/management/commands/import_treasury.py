from giaingan.imports.management.commands._import import ImportCommand


class Command(ImportCommand):
    kind = "treasury"
    help = "Nhập bảng kê giải ngân của Kho bạc."

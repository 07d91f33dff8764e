from giaingan.imports.management.commands._import import ImportCommand


class Command(ImportCommand):
    kind = "contracts"
    help = "Nhập các hợp đồng của dự án (theo mã số thuế nhà thầu)."
